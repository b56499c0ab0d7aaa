package io.skyroute.config;

/** Quartz cron schedules of the daemon's periodic routes (seconds first, in the daemon's time zone). */
public record SchedulesConfig(
        CronSchedule lcoPoll,
        CronSchedule lcoReconcile,
        CronSchedule reduceManage,
        CronSchedule dropboxPoll,
        CronSchedule mastPoll,
        CronSchedule opsSummary,
        CronSchedule surveyRun) {

    /** The source schedules only; the daily ledger summary at its default. */
    public SchedulesConfig(CronSchedule lcoPoll, CronSchedule lcoReconcile, CronSchedule reduceManage, CronSchedule dropboxPoll,
                           CronSchedule mastPoll) {
        this(lcoPoll, lcoReconcile, reduceManage, dropboxPoll, mastPoll, null, null);
    }

    public SchedulesConfig {
        lcoPoll = lcoPoll == null ? CronSchedule.parse("0 0/15 * * * ?") : lcoPoll;
        lcoReconcile = lcoReconcile == null ? CronSchedule.parse("0 30 3 * * ?") : lcoReconcile;
        reduceManage = reduceManage == null ? CronSchedule.parse("0 0 * * * ?") : reduceManage;
        dropboxPoll = dropboxPoll == null ? CronSchedule.parse("0 0 4 * * ?") : dropboxPoll;
        mastPoll = mastPoll == null ? CronSchedule.parse("0 0 5 * * ?") : mastPoll;
        opsSummary = opsSummary == null ? CronSchedule.parse("0 0 12 * * ?") : opsSummary;
        surveyRun = surveyRun == null ? CronSchedule.parse("0 0 6 * * ?") : surveyRun;
    }
}
