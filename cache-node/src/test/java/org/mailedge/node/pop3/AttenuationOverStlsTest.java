package org.mailedge.node.pop3;

import org.mailedge.node.testing.Pop3Transport;

/** {@link AttenuationOverSocketsTest} with every client session over STLS. */
class AttenuationOverStlsTest extends AttenuationOverSocketsTest {

    @Override
    protected Pop3Transport transport() {
        return Pop3Transport.STLS;
    }
}
