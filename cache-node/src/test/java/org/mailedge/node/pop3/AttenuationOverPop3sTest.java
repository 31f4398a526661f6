package org.mailedge.node.pop3;

import org.mailedge.node.testing.Pop3Transport;

/** {@link AttenuationOverSocketsTest} with every client session over POP3S. */
class AttenuationOverPop3sTest extends AttenuationOverSocketsTest {

    @Override
    protected Pop3Transport transport() {
        return Pop3Transport.POP3S;
    }
}
