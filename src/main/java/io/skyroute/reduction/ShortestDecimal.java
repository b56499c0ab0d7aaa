package io.skyroute.reduction;

import com.fasterxml.jackson.core.io.NumberOutput;

/**
 * A double as the shortest decimal that reads back as the same double (Schubfach, through jackson-core,
 * which the project already has). For the values a lightcurve holds it is the same text as
 * {@link Double#toString(double)}, at half the cost, which matters when a 2,000-point lightcurve's tables
 * are written again after each new frame; where JDK 17's {@code Double.toString} is not the shortest
 * (rare bit patterns) it gives what JDK 19+ gives, so the products read the same on any JDK.
 */
final class ShortestDecimal {

    private ShortestDecimal() {
    }

    static String of(double value) {
        return NumberOutput.toString(value, true);
    }
}
