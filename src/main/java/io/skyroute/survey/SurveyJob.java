package io.skyroute.survey;

import io.skyroute.sources.surveys.SurveyTarget;

/** One catalogue source and one survey: the unit a run fetches, reduces and publishes. */
public record SurveyJob(SurveyTarget target, String survey) {
}
