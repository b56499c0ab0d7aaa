package io.skyroute.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.quartz.CronExpression;

import java.text.ParseException;

/** A Quartz cron expression (seconds first), checked when the configuration is loaded. */
public record CronSchedule(String expression) implements ConfigValue {

    @JsonCreator
    public static CronSchedule parse(String expression) {
        try {
            CronExpression.validateExpression(expression);
        } catch (ParseException e) {
            throw new IllegalArgumentException("expected a Quartz cron expression such as '0 0/15 * * * ?'"
                    + " (seconds minutes hours day-of-month month day-of-week), found '" + expression + "': " + e.getMessage());
        }
        return new CronSchedule(expression);
    }

    @JsonValue
    @Override
    public String expression() {
        return expression;
    }
}
