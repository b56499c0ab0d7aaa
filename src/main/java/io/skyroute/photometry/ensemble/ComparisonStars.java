package io.skyroute.photometry.ensemble;

import java.util.ArrayList;
import java.util.List;

/** The comparison stars (by index, in the order they were first usable) and their median fluxes. */
final class ComparisonStars {

    private final double[] median;
    private final boolean[] member;
    private final List<Integer> order = new ArrayList<>();

    ComparisonStars(int stars) {
        median = new double[stars];
        member = new boolean[stars];
    }

    void add(int star, double value) {
        member[star] = true;
        median[star] = value;
        order.add(star);
    }

    void remove(int star) {
        member[star] = false;
        order.remove(Integer.valueOf(star));
    }

    boolean contains(int star) {
        return member[star];
    }

    double median(int star) {
        return median[star];
    }

    int size() {
        return order.size();
    }

    List<String> names(MeasurementMatrix matrix) {
        return order.stream().map(matrix::name).toList();
    }
}
