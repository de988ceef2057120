package org.eventprop4j.core.sim;

import java.util.Arrays;

import org.eventprop4j.core.model.NeuronModel;
import org.hipparchus.analysis.UnivariateFunction;
import org.hipparchus.analysis.solvers.BracketedUnivariateSolver;
import org.hipparchus.analysis.solvers.BracketingNthOrderBrentSolver;
import org.hipparchus.exception.MathRuntimeException;
import org.hipparchus.ode.DenseOutputModel;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.events.AbstractODEDetector;
import org.hipparchus.ode.events.Action;
import org.hipparchus.ode.events.AdaptableInterval;
import org.hipparchus.ode.events.ODEEventDetector;
import org.hipparchus.ode.events.ODEEventHandler;
import org.hipparchus.ode.nonstiff.DormandPrince853Integrator;

/**
 * {@link Flow} of a model without closed form: Hipparchus Dormand-Prince 8(5,3) with event detection on the model's
 * spike condition. The step adapts to the error tolerance {@link SimOptions#tolerance()} alone; the spike condition is
 * checked on the step's dense output at most {@link SimOptions#solverStepsize()} apart (so a threshold crossing is not
 * missed because a step was long); event times are located to 1e-13 ms.
 */
final class OdeFlow implements Flow {

    private static final double EVENT_ACCURACY = 1e-13;

    private final NeuronModel model;
    private final DormandPrince853Integrator integrator;
    private double[] params;
    private boolean spiked;
    private boolean detect = true;
    private boolean record;
    private DenseOutputModel dense;

    OdeFlow(NeuronModel model, SimOptions opts) {
        this.model = model;
        double check = opts.solverStepsize();
        // the step is bounded by the window only: bounding it by the check interval as well cost 1.7-2x the RHS
        // evaluations (QIF/EIF 5-50-3) for no accuracy, since the tolerance sets the accuracy
        this.integrator = new DormandPrince853Integrator(1e-14, opts.maxSolverTime(), opts.tolerance(),
                opts.tolerance());
        OdeFlow self = this;
        ODEEventHandler handler = new ODEEventHandler() {
            @Override
            public Action eventOccurred(ODEStateAndDerivative s, ODEEventDetector d, boolean increasing) {
                if (!increasing) {
                    return Action.CONTINUE;
                }
                self.spiked = true;
                return Action.STOP;
            }
        };
        integrator.addEventDetector(new SpikeDetector(AdaptableInterval.of(check), 100,
                new BracketingNthOrderBrentSolver(1e-15, EVENT_ACCURACY, 0.0, 5), handler));
    }

    private final OrdinaryDifferentialEquation ode = new OrdinaryDifferentialEquation() {
        @Override
        public int getDimension() {
            return model.channelCount();
        }

        @Override
        public double[] computeDerivatives(double t, double[] y) {
            double[] out = new double[y.length];
            model.dynamics(y, params, out);
            for (double v : out) {
                if (!Double.isFinite(v)) {
                    throw new SimulationException("model " + model.name() + ": dynamics returned " + v
                            + " for state " + Arrays.toString(y) + " and parameters " + Arrays.toString(params));
                }
            }
            return out;
        }
    };

    private final class SpikeDetector extends AbstractODEDetector<SpikeDetector> {
        SpikeDetector(AdaptableInterval maxCheck, int maxIter, BracketedUnivariateSolver<UnivariateFunction> solver,
                      ODEEventHandler handler) {
            super(maxCheck, maxIter, solver, handler);
        }

        @Override
        public double g(ODEStateAndDerivative s) {
            return detect ? model.spikeCondition(s.getPrimaryState(), params) : -1.0;
        }

        @Override
        protected SpikeDetector create(AdaptableInterval newMaxCheck, int newMaxIter,
                                       BracketedUnivariateSolver<UnivariateFunction> newSolver,
                                       ODEEventHandler newHandler) {
            return new SpikeDetector(newMaxCheck, newMaxIter, newSolver, newHandler);
        }
    }

    @Override
    public void flowOnly(double[] y, double[] p, double gap) {
        detect = false;
        dense = null;
        if (record && gap > 0.0) {
            dense = new DenseOutputModel();
            integrator.addStepHandler(dense);
        }
        try {
            advance(y, p, gap);
        } finally {
            detect = true;
            if (dense != null) {
                integrator.clearStepHandlers();
            }
        }
    }

    @Override
    public DenseOutputModel lastDense() {
        return dense;
    }

    @Override
    public void recordDense(boolean on) {
        record = on;
        dense = null;
    }

    @Override
    public double advance(double[] y, double[] p, double gap) {
        if (!(gap > 0.0)) {
            return Double.NaN;
        }
        params = p;
        spiked = false;
        ODEStateAndDerivative end;
        try {
            end = integrator.integrate(ode, new ODEState(0.0, y.clone()), gap);
        } catch (MathRuntimeException e) {
            throw new SimulationException("model " + model.name() + ": integration failed: " + e.getMessage(), e);
        }
        double[] ye = end.getPrimaryState();
        System.arraycopy(ye, 0, y, 0, y.length);
        return spiked ? end.getTime() : Double.NaN;
    }
}
