package io.skyroute.pipeline;

import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.io.HttpClientResponseHandler;
import org.apache.hc.core5.http.protocol.HttpContext;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Every answer from outside read within bounds: a whole-request deadline (a server that trickles its headers or
 * its body is cut off, not waited for read after read) and a size limit on the body as it is decompressed (a gzip
 * bomb stops at the limit). A violation is a {@link TransientFailure} naming what was asked and which bound it broke,
 * so the pass fails, is retried and dead-lettered like any outage, never an OutOfMemoryError.
 */
public final class BoundedAnswers {

    private BoundedAnswers() {
    }

    /**
     * Runs an Apache HttpClient request, aborting it when {@code deadline} passes (the abort is scheduled on the JDK's
     * shared delay scheduler, no thread of ours). The handler reads the body, bounded by {@link #limited}.
     */
    public static <T> T execute(CloseableHttpClient http, HttpUriRequestBase request, HttpContext context, Duration deadline, String what,
                                HttpClientResponseHandler<T> handler) throws IOException {
        AtomicBoolean late = new AtomicBoolean();
        CompletableFuture<Void> abort = CompletableFuture.runAsync(() -> {
            late.set(true);
            request.cancel();
        }, CompletableFuture.delayedExecutor(deadline.toMillis(), TimeUnit.MILLISECONDS));
        try {
            return http.execute(request, context, handler);
        } catch (IOException | RuntimeException e) {
            if (late.get()) {
                throw overDeadline(what, deadline, e);
            }
            throw e;
        } finally {
            abort.cancel(false);
        }
    }

    /** The stream, failing once more than {@code maxBytes} have been read from it. */
    public static InputStream limited(InputStream in, long maxBytes, String what) {
        return new FilterInputStream(in) {
            private long count;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    counted(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    counted(n);
                }
                return n;
            }

            private void counted(int n) {
                count += n;
                if (count > maxBytes) {
                    throw tooLarge(what, maxBytes);
                }
            }
        };
    }

    /** The whole stream as UTF-8 text, at most {@code maxBytes}. */
    public static String text(InputStream in, long maxBytes, String what) throws IOException {
        if (in == null) {
            return "";
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        limited(in, maxBytes, what).transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A JDK HttpClient exchange with its body as text, at most {@code maxBytes}, the whole of it within {@code deadline}. */
    public static HttpResponse<String> send(HttpClient http, HttpRequest request, long maxBytes, Duration deadline, String what)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request, info -> new LimitedText(maxBytes, what));
        try {
            return answer.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw overDeadline(what, deadline, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TransientFailure failure) {
                throw failure;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(what + ": " + cause, cause);
        }
    }

    private static TransientFailure tooLarge(String what, long maxBytes) {
        return new TransientFailure(what + ": the answer is larger than " + (maxBytes >= 1 << 20 ? (maxBytes >> 20) + " MB" : maxBytes + " bytes")
                + " (http.max_answer_mb / http.max_download_mb); not read further");
    }

    private static TransientFailure overDeadline(String what, Duration deadline, Throwable cause) {
        return new TransientFailure(what + ": no complete answer within " + deadline.toSeconds()
                + " s (http.answer_deadline_seconds / http.download_deadline_seconds); cut off", cause);
    }

    /** The JDK client's body as text, cancelled once it passes its limit. */
    private static final class LimitedText implements HttpResponse.BodySubscriber<String> {
        private final long maxBytes;
        private final String what;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<String> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        LimitedText(long maxBytes, String what) {
            this.maxBytes = maxBytes;
            this.what = what;
        }

        @Override
        public CompletionStage<String> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;  // over the limit already: the rest is dropped
            }
            for (ByteBuffer buffer : buffers) {
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.writeBytes(chunk);
            }
            if (bytes.size() > maxBytes && !result.isDone()) {
                subscription.cancel();
                result.completeExceptionally(tooLarge(what, maxBytes));
            }
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toString(StandardCharsets.UTF_8));
        }
    }
}
