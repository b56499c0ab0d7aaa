package io.skyroute.app;

import io.skyroute.config.ProjectConfig;
import io.skyroute.config.Secret;
import io.skyroute.config.SkyrouteConfig;
import io.skyroute.ledger.FrameLedger;
import io.skyroute.ledger.LedgerDatabase;
import io.skyroute.ledger.SurveyLedger;
import io.skyroute.sources.HttpDownloader;
import io.skyroute.sources.mast.MastClient;
import io.skyroute.sources.surveys.SurveyAdapter;
import io.skyroute.sources.surveys.TessSurvey;
import io.skyroute.sources.surveys.ZtfSurvey;
import io.skyroute.survey.SurveyReduction;
import io.skyroute.survey.SurveyRoutes;
import io.skyroute.survey.SurveyRun;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The project's surveys (the {@code project} section), assembled: adapters, the run's steps, its routes. */
final class Surveys {

    private Surveys() {
    }

    static SurveyRoutes routes(SkyrouteSetup setup, LedgerDatabase ledger) {
        SkyrouteConfig config = setup.daemon();
        ProjectConfig project = config.project();
        Map<String, SurveyAdapter> adapters = new LinkedHashMap<>();
        for (ProjectConfig.Survey survey : project.obsNames()) {
            if (survey == ProjectConfig.Survey.ZTF) {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).followRedirects(HttpClient.Redirect.NORMAL).build();
                adapters.put("ZTF", new ZtfSurvey(project.ztf(), http, config.http()));
            } else {
                ProjectConfig.TessConfig tess = project.tess();
                Secret token = tess.tokenEnvvar() == null ? null : setup.secrets().require(tess.tokenEnvvar(), "project.tess.token_envvar");
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).followRedirects(HttpClient.Redirect.NEVER).build();
                adapters.put("TESS", new TessSurvey(tess, new MastClient(TessSurvey.mastConfig(tess), token, http, config.http()),
                        new HttpDownloader(Duration.ofSeconds(tess.httpTimeoutSeconds()), project.threads(), config.http())));
            }
        }
        SurveyRun run = new SurveyRun(adapters, config.dataDir().toAbsolutePath().normalize().resolve("surveys"), new FrameLedger(ledger),
                new SurveyLedger(ledger), new SurveyReduction(project.gap(), project.ztf().badCatflagsMask(), SoftwareVersion.get()));
        return new SurveyRoutes(project, config.analysis(), run, SoftwareVersion.get());
    }
}
