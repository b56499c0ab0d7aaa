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
