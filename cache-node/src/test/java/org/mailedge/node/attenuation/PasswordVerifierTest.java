package org.mailedge.node.attenuation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordVerifierTest {

    private final PasswordVerifier verifier = new PasswordVerifier();

    @Test
    void theAcceptedPasswordMatchesAndNoOtherDoes() {
        PasswordVerifier.Verifier v = verifier.create("alice", "secret");
        assertThat(verifier.matches(v, "alice", "secret")).isTrue();
        assertThat(verifier.matches(v, "alice", "Secret")).isFalse();
        assertThat(verifier.matches(v, "alice", "secret ")).isFalse();
        assertThat(verifier.matches(v, "bob", "secret")).isFalse();
    }

    @Test
    void theSamePasswordGetsADifferentVerifierEachTimeBecauseOfTheSalt() {
        assertThat(verifier.create("alice", "secret")).isNotEqualTo(verifier.create("alice", "secret"));
    }

    @Test
    void anotherProcessKeyCannotConfirmAPassword() {
        PasswordVerifier.Verifier v = verifier.create("alice", "secret");
        assertThat(new PasswordVerifier().matches(v, "alice", "secret")).isFalse();
    }

    @Test
    void aVerifierNeverPrintsItsDigest() {
        assertThat(verifier.create("alice", "secret").toString()).doesNotContain("secret").contains("redacted");
    }
}
