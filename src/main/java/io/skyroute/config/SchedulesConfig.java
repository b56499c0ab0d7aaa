package io.skyroute.config;

/** Quartz cron schedules of the daemon's periodic routes (seconds first, in the daemon's time zone). */
public record SchedulesConfig(
        CronSchedule lcoPoll,
        CronSchedule lcoReconcile,
        CronSchedule reduceManage,
        CronSchedule dropboxPoll,
        CronSchedule mastPoll) {

    public SchedulesConfig {
        lcoPoll = lcoPoll == null ? CronSchedule.parse("0 0/15 * * * ?") : lcoPoll;
        lcoReconcile = lcoReconcile == null ? CronSchedule.parse("0 30 3 * * ?") : lcoReconcile;
        reduceManage = reduceManage == null ? CronSchedule.parse("0 0 * * * ?") : reduceManage;
        dropboxPoll = dropboxPoll == null ? CronSchedule.parse("0 0 4 * * ?") : dropboxPoll;
        mastPoll = mastPoll == null ? CronSchedule.parse("0 0 5 * * ?") : mastPoll;
    }
}
