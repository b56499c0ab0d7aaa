package io.skyroute.sources.local;

import io.skyroute.ledger.FrameLedger;
import io.skyroute.sources.AtomicFiles;
import io.skyroute.sources.Checksums;
import io.skyroute.sources.FrameHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.io.File;
import java.nio.file.Path;

/** Moves a dropped file into {@code <download dir>/local/} and records it in the frame list. */
class LocalDropLanding implements Processor {

    private final String downloadDirPlaceholder;

    LocalDropLanding(String downloadDirPlaceholder) {
        this.downloadDirPlaceholder = downloadDirPlaceholder;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Path dropped = exchange.getIn().getBody(File.class).toPath();
        String checksum = Checksums.md5(dropped);
        Path downloads = Path.of(exchange.getContext().resolvePropertyPlaceholders(downloadDirPlaceholder));
        Path landed = AtomicFiles.moveInto(dropped, downloads.resolve(LocalDropRoutes.SOURCE));
        String name = landed.getFileName().toString();
        FrameLedger ledger = exchange.getContext().getRegistry().lookupByNameAndType("frameLedger", FrameLedger.class);
        FrameLedger.Arrival arrival = ledger.recordLanded(LocalDropRoutes.SOURCE, name, name, checksum, landed.toString());
        exchange.getIn().setHeader(FrameHeaders.PATH, landed.toString());
        exchange.getIn().setHeader(FrameHeaders.SOURCE, LocalDropRoutes.SOURCE);
        exchange.getIn().setHeader(FrameHeaders.NATURAL_ID, name);
        exchange.getIn().setHeader(FrameHeaders.CHECKSUM, checksum);
        exchange.getIn().setHeader(FrameHeaders.ARRIVAL, arrival.name());
        exchange.getIn().setBody(landed.toFile());
    }
}
