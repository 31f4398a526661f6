package org.mailedge.node.simulate;

import java.util.List;

/**
 * @param events            events the simulation processed (checks, arrivals, notifications, ticks)
 * @param messages          messages that arrived
 * @param lostNotifications of those, the ones whose notification was lost
 */
public record SimulationResult(SimulationSettings settings, List<PolicyResult> policies, long events, long messages,
                               long lostNotifications) {}
