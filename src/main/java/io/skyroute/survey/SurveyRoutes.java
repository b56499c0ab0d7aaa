package io.skyroute.survey;

import io.skyroute.analysis.AnalysisSetup;
import io.skyroute.config.ProjectConfig;
import io.skyroute.ops.ErrorPolicies;
import io.skyroute.pipeline.Handoffs;
import io.skyroute.pipeline.SubscriberOutcomes;
import io.skyroute.sources.surveys.Catalogue;
import io.skyroute.sources.surveys.SurveyTarget;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * AstroRetriever's run as routes. {@code survey-run} reads the catalogue (rows {@link #START} to {@link #STOP}),
 * settles the project's products folder (versioned or not), and walks the sources {@code threads} at a time
 * ({@code survey-source}); for each source and survey, {@code survey-fetch-<survey>} asks the survey under its
 * rate limit (Camel's throttle) and the standard error policy unless the raw data is kept already, and
 * {@code survey-reduce} makes the lightcurves per filter and season unless this project version has them,
 * publishing each as "lightcurve ready" (analysis, the dashboard). {@code survey-schedule} runs it on
 * {@code schedules.survey_run}, so new catalogue rows are picked up.
 */
public class SurveyRoutes extends RouteBuilder {

    public static final String RUN = "direct:survey-run";
    public static final String START = "SkyrouteSurveyStart";
    public static final String STOP = "SkyrouteSurveyStop";
    private static final String FOLDER = "SkyrouteProjectFolder";

    private final ProjectConfig project;
    private final Map<String, Object> analysis;
    private final SurveyRun run;
    private final String softwareVersion;

    public SurveyRoutes(ProjectConfig project, io.skyroute.config.AnalysisConfig analysis, SurveyRun run, String softwareVersion) {
        this.project = project;
        this.analysis = new com.fasterxml.jackson.databind.ObjectMapper().convertValue(AnalysisSetup.settings(analysis), Map.class);
        this.run = run;
        this.softwareVersion = softwareVersion;
    }

    @Override
    public void configure() {
        ExecutorService workers = getContext().getExecutorServiceManager().newFixedThreadPool(this, "survey-workers", project.threads());

        from("quartz:survey/run?cron={{skyroute.schedules.survey-run}}&stateful=true&trigger.misfireInstruction=2")
                .routeId("survey-schedule").routeGroup("survey").autoStartup("{{skyroute.triggers.start}}")
                .to(RUN);

        from(RUN)
                .routeId("survey-run").routeGroup("survey")
                .process(e -> {
                    if (e.getProperty(SurveyReport.PROPERTY) == null) {
                        e.setProperty(SurveyReport.PROPERTY, new SurveyReport(null));
                    }
                    SurveyReport report = e.getProperty(SurveyReport.PROPERTY, SurveyReport.class);
                    Path folder = ProjectVersion.folder(project, analysis, softwareVersion).toAbsolutePath().normalize();
                    report.folder(folder.toString());
                    e.setProperty(FOLDER, folder);
                    List<SurveyTarget> all = Catalogue.read(project.catalogue());
                    int start = Math.max(0, e.getIn().getHeader(START, 0, Integer.class));
                    int stop = Math.min(all.size(), e.getIn().getHeader(STOP, all.size(), Integer.class));
                    List<SurveyTarget> slice = start < stop ? all.subList(start, stop) : List.of();
                    report.sources.set(slice.size());
                    report.changed();
                    e.getIn().setBody(new ArrayList<>(slice));
                }).id("survey-read-catalogue")
                .split(body()).parallelProcessing().executorService(workers)
                    .to("direct:survey-source")
                .end()
                .setBody(exchangeProperty(SurveyReport.PROPERTY))
                .log("Survey run of project " + project.name() + ": ${body}");

        from("direct:survey-source")
                .routeId("survey-source").routeGroup("survey")
                .process(e -> {
                    SurveyTarget target = e.getIn().getBody(SurveyTarget.class);
                    e.getIn().setBody(project.obsNames().stream().map(s -> new SurveyJob(target, s.label())).toList());
                })
                .split(body())
                    .setHeader(Handoffs.PAYLOAD_REF, simple("${body.survey} data of ${body.target.name}"))
                    .setProperty("surveyJob", body())
                    .toD("direct:survey-fetch-${body.survey.toLowerCase()}")
                    // what failed was dead-lettered by the policy; it shows as the step's record missing
                    .choice()
                        .when(e -> !run.hasRaw(e.getProperty("surveyJob", SurveyJob.class)))
                            .process(e -> report(e).failed.incrementAndGet())
                        .otherwise()
                            .setBody(exchangeProperty("surveyJob"))
                            .to("direct:survey-reduce")
                            .filter(e -> !run.reduced(e.getProperty("surveyJob", SurveyJob.class), e.getProperty(FOLDER, Path.class)))
                                .process(e -> report(e).failed.incrementAndGet())
                            .end()
                    .end()
                .end()
                .process(e -> {
                    SurveyReport report = e.getProperty(SurveyReport.PROPERTY, SurveyReport.class);
                    report.done.incrementAndGet();
                    report.changed();
                });

        for (ProjectConfig.Survey survey : project.obsNames()) {
            double perSecond = survey == ProjectConfig.Survey.ZTF ? project.ztf().requestsPerSecond() : project.tess().requestsPerSecond();
            long requests = perSecond >= 1 ? Math.round(perSecond) : 1;
            long period = perSecond >= 1 ? 1000 : Math.round(1000 / perSecond);
            from("direct:survey-fetch-" + survey.lower())
                    .routeId("survey-fetch-" + survey.lower()).routeGroup("survey")
                    .routeConfigurationId(ErrorPolicies.STANDARD)
                    .choice()
                        .when(e -> run.hasRaw(e.getIn().getBody(SurveyJob.class)))
                            .process(e -> report(e).rawKept.incrementAndGet())
                        .otherwise()
                            .throttle(requests).totalRequestsMode().timePeriodMillis(period).id("survey-" + survey.lower() + "-rate")
                            .process(e -> {
                                boolean data = run.fetch(e.getIn().getBody(SurveyJob.class));
                                report(e).asked.incrementAndGet();
                                if (!data) {
                                    report(e).empty.incrementAndGet();
                                }
                            }).id("survey-" + survey.lower() + "-ask")
                    .end();
        }

        from("direct:survey-reduce")
                .routeId("survey-reduce").routeGroup("survey")
                .routeConfigurationId(ErrorPolicies.STANDARD)
                .choice()
                    .when(e -> run.reduced(e.getIn().getBody(SurveyJob.class), e.getProperty(FOLDER, Path.class)))
                        .process(e -> report(e).alreadyReduced.incrementAndGet())
                    .otherwise()
                        .process(e -> e.getIn().setBody(run.reduce(e.getIn().getBody(SurveyJob.class), e.getProperty(FOLDER, Path.class))))
                            .id("survey-reduce-job")
                        .setProperty("surveyLightcurves", simple("${body.size}"))
                        .split(body())
                            .setProperty(Handoffs.SUBSCRIBER_OUTCOMES, () -> new SubscriberOutcomes())
                            .to(Handoffs.LIGHTCURVE_READY).id("survey-publish")
                        .end()
                        .process(e -> {
                            SurveyJob job = e.getProperty("surveyJob", SurveyJob.class);
                            int lightcurves = e.getProperty("surveyLightcurves", 0, Integer.class);
                            run.markReduced(job, e.getProperty(FOLDER, Path.class), lightcurves);
                            report(e).reduced.incrementAndGet();
                            report(e).lightcurves.addAndGet(lightcurves);
                        }).id("survey-mark-reduced")
                .end();

    }


    private static SurveyReport report(Exchange e) {
        SurveyReport report = e.getProperty(SurveyReport.PROPERTY, SurveyReport.class);
        return report != null ? report : new SurveyReport(null);
    }
}
