package org.eventprop4j.optim;

import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/**
 * A learning-rate schedule (a thin wrapper around ND4J's {@link ISchedule}, which the updaters evaluate at every
 * step with the optimiser's iteration and epoch). The factories here are per epoch.
 */
public final class LrSchedule {
    private final ISchedule schedule;
    private final String description;

    private LrSchedule(ISchedule schedule, String description) {
        this.schedule = schedule;
        this.description = description;
    }

    private static void checkRate(double lr) {
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + lr);
        }
    }

    /**
     * {@code lr} at every step.
     *
     * @param lr the learning rate ({@code > 0})
     * @return the schedule
     */
    public static LrSchedule constant(double lr) {
        checkRate(lr);
        return new LrSchedule(new FixedSchedule(lr), "constant(" + lr + ")");
    }

    /**
     * {@code lr * gamma^epoch} (W&amp;P: {@code gamma = 0.95}).
     *
     * @param lr    the learning rate of epoch 0 ({@code > 0})
     * @param gamma the factor per epoch, in {@code (0, 1]}
     * @return the schedule
     */
    public static LrSchedule exponential(double lr, double gamma) {
        checkRate(lr);
        if (!(gamma > 0) || !(gamma <= 1)) {
            throw new IllegalArgumentException("gamma must be in (0, 1], got " + gamma);
        }
        return new LrSchedule(new ExponentialSchedule(ScheduleType.EPOCH, lr, gamma),
                "exponential(" + lr + ", " + gamma + " per epoch)");
    }

    /**
     * {@code lr * factor^floor(epoch / everyEpochs)}.
     *
     * @param lr          the learning rate of epoch 0 ({@code > 0})
     * @param factor      the factor per step, in {@code (0, 1]}
     * @param everyEpochs epochs between steps ({@code >= 1})
     * @return the schedule
     */
    public static LrSchedule step(double lr, double factor, int everyEpochs) {
        checkRate(lr);
        if (!(factor > 0) || !(factor <= 1) || everyEpochs < 1) {
            throw new IllegalArgumentException("need factor in (0, 1] and everyEpochs >= 1, got " + factor + ", "
                    + everyEpochs);
        }
        return new LrSchedule(new StepSchedule(ScheduleType.EPOCH, lr, factor, everyEpochs),
                "step(" + lr + ", x" + factor + " every " + everyEpochs + " epochs)");
    }

    /**
     * Any ND4J schedule (iteration- or epoch-based).
     *
     * @param schedule the ND4J schedule (copied)
     * @return the schedule
     */
    public static LrSchedule of(ISchedule schedule) {
        return new LrSchedule(schedule.clone(), schedule.toString());
    }

    /**
     * The learning rate at a 0-based iteration and epoch.
     *
     * @param iteration the 0-based iteration
     * @param epoch     the 0-based epoch
     * @return the learning rate
     */
    public double valueAt(int iteration, int epoch) {
        return schedule.valueAt(iteration, epoch);
    }

    /**
     * The learning rate in a 0-based epoch (for epoch-based schedules).
     *
     * @param epoch the 0-based epoch
     * @return the learning rate at iteration 0 of that epoch
     */
    public double at(int epoch) {
        return schedule.valueAt(0, epoch);
    }

    /**
     * A copy of the ND4J schedule.
     *
     * @return a copy of the wrapped schedule
     */
    public ISchedule toNd4j() {
        return schedule.clone();
    }

    @Override
    public String toString() {
        return description;
    }
}
