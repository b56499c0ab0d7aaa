package io.skyroute.photometry.concurrent;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Runs work with every spare core's thread held waiting, so that what the work hands over runs on the caller: one core. */
public final class SpareCoresHeld {

    private SpareCoresHeld() {
    }

    public static <T> T during(Callable<T> work) throws Exception {
        int spare = Math.max(0, Runtime.getRuntime().availableProcessors() - 1);
        CountDownLatch held = new CountDownLatch(spare);
        CountDownLatch release = new CountDownLatch(1);
        SpareCore.Handed<?>[] holders = new SpareCore.Handed<?>[spare];
        for (int i = 0; i < spare; i++) {
            holders[i] = SpareCore.hand(() -> {
                held.countDown();
                return release.await(1, TimeUnit.MINUTES);
            });
        }
        if (!held.await(1, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the spare cores' threads did not start");
        }
        try {
            return work.call();
        } finally {
            release.countDown();
            for (SpareCore.Handed<?> holder : holders) {
                holder.join();
            }
        }
    }
}
