package io.skyroute.photometry;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Frames worked on by several threads come back in their order, each with its own outcome, a bounded number at once. */
class FramesInOrderTest {

    private final List<Path> frames = IntStream.range(0, 12).mapToObj(i -> Path.of("frame-" + i + ".fits")).toList();

    @Test
    void outcomesComeBackInTheFramesOrderWithFailuresAsOutcomes() throws Exception {
        List<String> seen = new ArrayList<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        FramesInOrder.run(frames, 3, 4, "test-frame", frame -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                int i = Integer.parseInt(frame.getFileName().toString().replaceAll("\\D", ""));
                Thread.sleep((12 - i) * 3L); // the early frames take longest
                if (i == 5) {
                    throw new IllegalArgumentException("frame 5 is unreadable");
                }
                return i * i;
            } finally {
                running.decrementAndGet();
            }
        }, (frame, result, failure) -> seen.add(frame.getFileName() + "=" + (failure != null ? failure.getMessage() : result)));

        assertThat(seen).hasSize(12).startsWith("frame-0.fits=0", "frame-1.fits=1").contains("frame-5.fits=frame 5 is unreadable")
                .endsWith("frame-11.fits=121");
        assertThat(most.get()).isBetween(2, 3);
    }

    @Test
    void oneThreadWorksOnTheCallersThread() throws Exception {
        Thread caller = Thread.currentThread();
        List<Boolean> onCaller = new ArrayList<>();
        FramesInOrder.run(frames.subList(0, 3), 1, 1, "unused", frame -> Thread.currentThread() == caller,
                (frame, result, failure) -> onCaller.add(result));
        assertThat(onCaller).containsExactly(true, true, true);
    }
}
