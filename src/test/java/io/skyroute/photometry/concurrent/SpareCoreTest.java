package io.skyroute.photometry.concurrent;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Handed work runs once, on an idle core or on the caller, and gives back its result or what it threw. */
class SpareCoreTest {

    @Test
    void handedWorkRunsOnceAndItsResultComesBack() {
        AtomicInteger runs = new AtomicInteger();
        SpareCore.Handed<Integer> handed = SpareCore.hand(() -> {
            runs.incrementAndGet();
            return 42;
        });
        assertThat(handed.join()).isEqualTo(42);
        assertThat(handed.join()).isEqualTo(42);
        assertThat(runs.get()).isEqualTo(1);
    }

    @Test
    void whenNoCoreIsFreeTheCallerRunsTheWorkItselfInsteadOfWaiting() throws Exception {
        Thread caller = Thread.currentThread();
        boolean onCaller = SpareCoresHeld.during(() -> SpareCore.hand(() -> Thread.currentThread() == caller).join());
        assertThat(onCaller).as("ran on the caller's thread").isTrue();
    }

    @Test
    void inHalvesCoversEveryItemOnceAndThrowsTheFirstHalfsFailureFirst() {
        int[] hits = new int[101];
        SpareCore.inHalves(101, true, (from, to) -> {
            for (int i = from; i < to; i++) {
                hits[i]++;
            }
        });
        assertThat(hits).containsOnly(1);
        java.util.List<String> ranges = new java.util.concurrent.CopyOnWriteArrayList<>();
        SpareCore.inHalves(101, false, (from, to) -> ranges.add(from + ".." + to));
        assertThat(ranges).containsExactly("0..101");

        assertThatThrownBy(() -> SpareCore.inHalves(10, true, (from, to) -> {
            throw new IllegalArgumentException("tile " + (from + 1));
        })).hasMessage("tile 1");
        assertThatThrownBy(() -> SpareCore.inHalves(10, true, (from, to) -> {
            if (from > 0) {
                throw new IllegalArgumentException("tile " + (from + 1));
            }
        })).hasMessage("tile 6");
    }

    @Test
    void whatTheWorkThrewIsThrownAsItWas() {
        SpareCore.Handed<Object> handed = SpareCore.hand(() -> {
            throw new IllegalArgumentException("tile 7: corrupt");
        });
        assertThatThrownBy(handed::join).isInstanceOf(IllegalArgumentException.class).hasMessage("tile 7: corrupt");

        SpareCore.Handed<Object> checked = SpareCore.hand(() -> {
            throw new java.io.IOException("disk");
        });
        assertThatThrownBy(checked::join).isInstanceOf(IllegalStateException.class).hasRootCauseMessage("disk");
    }

    @Test
    void droppedWorkThatHasNotStartedNeverRuns() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        SpareCoresHeld.during(() -> {
            SpareCore.hand(runs::incrementAndGet).drop();
            return null;
        });
        // cancelled while no core was free: when a core takes it from the queue it is skipped, not run
        SpareCore.hand(() -> 0).join();
        assertThat(runs.get()).isZero();
    }
}
