package io.skyroute.config;

import java.time.Duration;

/**
 * Bounds on every answer from outside (archives, MAST, surveys, the TOM), so a broken or hostile server costs
 * a failed pass, never the daemon's memory or a pass that never ends: {@code max_answer_mb}, the most a listing or
 * a JSON answer may hold once decompressed (default 8); {@code answer_deadline_seconds}, the longest one such request
 * may take from start to last byte (default 300; each read still has its source's {@code http_timeout_seconds});
 * {@code max_download_mb} and {@code download_deadline_seconds}, the same for one downloaded file (4096 MB, 3600 s);
 * {@code max_listing_entries}, the most items one listing may name over all its pages (200,000).
 */
public record HttpLimitsConfig(@Range(min = 1, max = 1024) Integer maxAnswerMb, @Range(min = 1, max = 86_400) Integer answerDeadlineSeconds,
                               @Range(min = 1, max = 1_048_576) Integer maxDownloadMb, @Range(min = 1, max = 86_400) Integer downloadDeadlineSeconds,
                               @Range(min = 1, max = 10_000_000) Integer maxListingEntries) {

    public HttpLimitsConfig {
        maxAnswerMb = maxAnswerMb == null ? 8 : maxAnswerMb;
        answerDeadlineSeconds = answerDeadlineSeconds == null ? 300 : answerDeadlineSeconds;
        maxDownloadMb = maxDownloadMb == null ? 4096 : maxDownloadMb;
        downloadDeadlineSeconds = downloadDeadlineSeconds == null ? 3600 : downloadDeadlineSeconds;
        maxListingEntries = maxListingEntries == null ? 200_000 : maxListingEntries;
    }

    public static HttpLimitsConfig defaults() {
        return new HttpLimitsConfig(null, null, null, null, null);
    }

    public long maxAnswerBytes() {
        return maxAnswerMb * 1024L * 1024L;
    }

    public Duration answerDeadline() {
        return Duration.ofSeconds(answerDeadlineSeconds);
    }

    public long maxDownloadBytes() {
        return maxDownloadMb * 1024L * 1024L;
    }

    public Duration downloadDeadline() {
        return Duration.ofSeconds(downloadDeadlineSeconds);
    }
}
