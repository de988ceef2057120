package org.eventprop4j.core.ode;

/** The right-hand side {@code dz/dt = F(t, z)} of an ODE on primitive arrays. */
@FunctionalInterface
public interface Rhs {
    /**
     * Writes {@code F(t, z)} into {@code dz} ({@code dz != z}).
     *
     * @param t  the time
     * @param z  the state
     * @param dz receives {@code F(t, z)}, same length as {@code z}
     */
    void eval(double t, double[] z, double[] dz);
}
