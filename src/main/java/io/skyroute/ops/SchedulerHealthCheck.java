package io.skyroute.ops;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code schedulers}: DOWN when the Quartz scheduler that fires the polls, the reduction manager and the summaries is
 * shut down or its scheduling thread has died (as an Error in it would leave it), so a daemon whose schedules no
 * longer fire is not reported UP. A liveness check: such a daemon is to be restarted. (The drop folder's and the
 * queue's consumers are Camel's own {@code consumers} checks.)
 */
public class SchedulerHealthCheck extends AbstractHealthCheck {

    private final Supplier<Scheduler> scheduler;

    /** @param scheduler the running scheduler, or null while there is none (no schedule configured yet) */
    public SchedulerHealthCheck(Supplier<Scheduler> scheduler) {
        super("skyroute", "schedulers");
        this.scheduler = scheduler;
    }

    @Override
    public boolean isLiveness() {
        return true;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Scheduler quartz = scheduler.get();
        if (quartz == null) {
            builder.up();
            return;
        }
        try {
            if (quartz.isShutdown()) {
                builder.message("the Quartz scheduler is shut down: no schedule fires").down();
                return;
            }
            String thread = quartz.getSchedulerName() + "_QuartzSchedulerThread";
            boolean alive = quartz.isInStandbyMode() || Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().equals(thread) && t.isAlive());
            if (!alive) {
                builder.message("the Quartz scheduler's thread (" + thread + ") has died: no schedule fires").down();
                return;
            }
            builder.detail("scheduler", quartz.getSchedulerName()).up();
        } catch (SchedulerException e) {
            builder.message("the Quartz scheduler does not answer: " + e.getMessage()).down();
        }
    }
}
