package io.skyroute.sources;

import com.sun.net.httpserver.HttpServer;
import io.skyroute.pipeline.TransientFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpDownloaderTest {

    @TempDir
    Path folder;

    /** A body announced larger than the folder's free space is refused unread, with the sizes, and leaves no file. */
    @Test
    void aBodyTheDiskCannotHoldIsRefusedBeforeItIsRead() throws Exception {
        long announced = Files.getFileStore(folder).getUsableSpace() + (1L << 40);
        AtomicLong written = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/frame.fits.fz", exchange -> {
            exchange.sendResponseHeaders(200, announced);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 16 * 1024; i++) { // up to 1 GB, as long as the client keeps reading
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
            } catch (IOException clientWentAway) {
                // the client closed the connection: what the test expects
            }
        });
        server.start();
        try (HttpDownloader downloader = new HttpDownloader(Duration.ofSeconds(10), 2, io.skyroute.config.HttpLimitsConfig.defaults())) {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/frame.fits.fz");
            assertThatThrownBy(() -> downloader.download(uri, folder.resolve("frame.fits.fz"), "MD5", null, Map.of(), "frame 1"))
                    .isInstanceOf(TransientFailure.class)
                    .hasMessageContaining("frame 1: not enough space in " + folder)
                    .hasMessageContaining(String.format("the body is %,d bytes", announced));
        } finally {
            server.stop(0);
        }
        try (Stream<Path> left = Files.list(folder)) {
            assertThat(left).as("files left in the folder").isEmpty();
        }
        assertThat(written.get()).as("bytes the server got out before the client hung up").isLessThan(64L << 20);
    }

    @Test
    void aBodyOfUnknownLengthOrThatFitsIsLetThrough() throws IOException {
        HttpDownloader.requireRoom(folder, -1, "frame 1");
        HttpDownloader.requireRoom(folder, 1024, "frame 1");
    }

    @Test
    void aFolderNotMadeYetIsMeasuredOnTheDiskItWillBeOn() throws IOException {
        Path later = folder.resolve("downloads/lco");
        HttpDownloader.requireRoom(later, 1024, "frame 1");
        long tooMuch = Files.getFileStore(folder).getUsableSpace() + (1L << 40);
        assertThatThrownBy(() -> HttpDownloader.requireRoom(later, tooMuch, "frame 1"))
                .isInstanceOf(TransientFailure.class)
                .hasMessageContaining("not enough space in " + later);
        assertThat(later).doesNotExist();
    }
}
