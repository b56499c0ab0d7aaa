package io.skyroute.reduction;

import java.util.List;
import java.util.Map;

/** What a reduction's products came from: software version, configuration hash, input frames (and those left out, with why). */
record Provenance(String softwareVersion, String configHash, List<String> inputFrames, Map<String, String> excludedFrames,
                  List<String> comparisonStars) {
}
