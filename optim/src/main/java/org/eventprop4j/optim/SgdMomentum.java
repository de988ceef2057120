package org.eventprop4j.optim;

import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * SGD with <b>Nesterov</b> momentum, on ND4J's {@code NesterovsUpdater} (ND4J has no classical heavy-ball momentum
 * updater). With velocity {@code v} (initially 0), momentum {@code mu} and learning rate {@code lr}:
 * <pre>
 *   v_new = mu v - lr g
 *   p    -= mu v - (1 + mu) v_new        (i.e. p += -mu v + (1 + mu) v_new)
 * </pre>
 * the Sutskever/Bengio reformulation of Nesterov's accelerated gradient. With {@code mu = 0} this is plain SGD.
 */
public final class SgdMomentum extends Nd4jOptimizer {
    private final double momentum;

    /**
     * Constant learning rate.
     *
     * @param lr       the learning rate ({@code > 0})
     * @param momentum the momentum {@code mu}, in {@code [0, 1)}
     */
    public SgdMomentum(double lr, double momentum) {
        this(LrSchedule.constant(lr), momentum);
    }

    /**
     * SGD with Nesterov momentum and a learning-rate schedule.
     *
     * @param schedule the learning-rate schedule
     * @param momentum the momentum {@code mu}, in {@code [0, 1)}
     */
    public SgdMomentum(LrSchedule schedule, double momentum) {
        super(schedule);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        this.momentum = momentum;
    }

    /**
     * The momentum {@code mu}.
     *
     * @return the momentum
     */
    public double momentum() {
        return momentum;
    }

    @Override
    protected IUpdater createConfig(ISchedule lr) {
        return new Nesterovs(lr, momentum);
    }

    @Override
    protected int kindCode() {
        return 2;
    }

    @Override
    public String toString() {
        return "SgdMomentum[Nesterov, " + schedule() + ", momentum=" + momentum + ", " + groups() + "]";
    }
}
