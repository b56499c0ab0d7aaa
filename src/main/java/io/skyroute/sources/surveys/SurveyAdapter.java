package io.skyroute.sources.surveys;

import java.nio.file.Path;
import java.util.List;

/**
 * One survey asked about one catalogue source: its raw photometry written into the given folder (each file
 * under a temporary name, verified, renamed). "No data" is a valid answer: {@link Raw#empty()}.
 */
public interface SurveyAdapter {

    /** What a survey gave for a source: the files kept (none when it had no data). */
    record Raw(List<Path> files) {
        public boolean empty() {
            return files.isEmpty();
        }
    }

    /** The survey's name (ZTF, TESS): its folder, its frame-list source (lower case), its route ids. */
    String name();

    Raw fetch(SurveyTarget target, Path folder) throws Exception;

    /** Requests per second the survey's service is asked at most. */
    double requestsPerSecond();
}
