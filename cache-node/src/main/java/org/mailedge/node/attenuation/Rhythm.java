package org.mailedge.node.attenuation;

/** What the {@link RhythmClassifier} makes of the intervals between a user's rapid checks. */
public enum Rhythm {
    /** Regular to within the threshold: a poll timer, attenuated strictly. */
    METRONOMIC,
    /** Varied: a person pressing "check mail", who may be rewarded. */
    IRREGULAR
}
