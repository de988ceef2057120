package org.eventprop4j.core.model;

/**
 * Plain-double evaluation of one {@link NeuronModel}'s equations and of the vector-Jacobian products its adjoint
 * needs. Obtained from {@link NeuronModel#newEvaluator()}: compiled from the traced equations (fast path) or, for a
 * model that cannot be traced, evaluated through the generic methods with forward-mode AD. Not thread-safe: one per
 * thread. Arrays: {@code y} state (length C), {@code p} parameters (length P); no method modifies its inputs.
 */
public interface ModelEvaluator {

    /**
     * Whether this evaluator runs compiled traced equations (false: generic fallback).
     *
     * @return whether the compiled fast path is used
     */
    boolean traced();

    /**
     * {@code out = f(y, p)}, the flow per ms.
     *
     * @param y   the state
     * @param p   the parameters
     * @param out receives {@code f(y, p)}, length C
     */
    void dynamics(double[] y, double[] p, double[] out);

    /**
     * The spike condition {@code g(y, p)}.
     *
     * @param y the state
     * @param p the parameters
     * @return {@code g(y, p)}
     */
    double condition(double[] y, double[] p);

    /**
     * {@code out = h(y, w, p)}, the state after an input spike of weight {@code w} ({@code out} may be {@code y}).
     *
     * @param y   the state just before the spike
     * @param w   the synaptic weight
     * @param p   the parameters
     * @param out receives the state just after, length C
     */
    void input(double[] y, double w, double[] p, double[] out);

    /**
     * {@code out = r(y, p)}, the state after the neuron's own spike ({@code out} may be {@code y}).
     *
     * @param y   the state at the spike
     * @param p   the parameters
     * @param out receives the state after the reset, length C
     */
    void reset(double[] y, double[] p, double[] out);

    /**
     * {@code out = y0(p)}.
     *
     * @param p   the parameters
     * @param out receives the initial state, length C
     */
    void init(double[] p, double[] out);

    /**
     * {@code yBar = (df/dy)^T lam}, {@code pBar = (df/dp)^T lam}.
     *
     * @param y    the state
     * @param p    the parameters
     * @param lam  the adjoint vector, length C
     * @param yBar receives {@code (df/dy)^T lam}, length C
     * @param pBar receives {@code (df/dp)^T lam}, length P
     */
    void dynamicsVjp(double[] y, double[] p, double[] lam, double[] yBar, double[] pBar);

    /**
     * {@code yBar = (df/dy)^T lam} alone (what a weights-only backward pass integrates).
     *
     * @param y    the state
     * @param p    the parameters
     * @param lam  the adjoint vector, length C
     * @param yBar receives {@code (df/dy)^T lam}, length C
     */
    void dynamicsVjpState(double[] y, double[] p, double[] lam, double[] yBar);

    /**
     * {@code gy = dg/dy}, {@code gp = dg/dp}.
     *
     * @param y  the state
     * @param p  the parameters
     * @param gy receives {@code dg/dy}, length C
     * @param gp receives {@code dg/dp}, length P
     */
    void conditionGrad(double[] y, double[] p, double[] gy, double[] gp);

    /**
     * {@code yBar = (dh/dy)^T lam}, {@code pBar = (dh/dp)^T lam}; returns {@code (dh/dw) . lam}.
     *
     * @param y    the state just before the spike
     * @param w    the synaptic weight
     * @param p    the parameters
     * @param lam  the adjoint vector, length C
     * @param yBar receives {@code (dh/dy)^T lam}, length C
     * @param pBar receives {@code (dh/dp)^T lam}, length P
     * @return {@code (dh/dw) . lam}
     */
    double inputVjp(double[] y, double w, double[] p, double[] lam, double[] yBar, double[] pBar);

    /**
     * {@code yBar = (dr/dy)^T lam}, {@code pBar = (dr/dp)^T lam}.
     *
     * @param y    the state at the spike
     * @param p    the parameters
     * @param lam  the adjoint vector, length C
     * @param yBar receives {@code (dr/dy)^T lam}, length C
     * @param pBar receives {@code (dr/dp)^T lam}, length P
     */
    void resetVjp(double[] y, double[] p, double[] lam, double[] yBar, double[] pBar);

    /**
     * {@code pBar = (dy0/dp)^T lam}.
     *
     * @param p    the parameters
     * @param lam  the adjoint vector, length C
     * @param pBar receives {@code (dy0/dp)^T lam}, length P
     */
    void initVjp(double[] p, double[] lam, double[] pBar);
}
