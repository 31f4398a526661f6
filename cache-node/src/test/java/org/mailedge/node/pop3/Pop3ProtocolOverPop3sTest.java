package org.mailedge.node.pop3;

import org.mailedge.node.testing.Pop3Transport;

/** {@link Pop3ProtocolTest} with every client session over POP3S. */
class Pop3ProtocolOverPop3sTest extends Pop3ProtocolTest {

    @Override
    protected Pop3Transport transport() {
        return Pop3Transport.POP3S;
    }
}
