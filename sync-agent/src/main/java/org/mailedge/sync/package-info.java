/**
 * The edge's POP3 client towards the central server.
 *
 * <p>Everything here talks to a peer the edge does not control, so every size the peer
 * chooses (line length, response length) is capped before it reaches the heap, and every
 * wait is bounded by a socket timeout. The protocol work itself is done by commons-net's
 * {@code POP3Client}; this package adds the caps, strict parsing of the listings the cache
 * is keyed on, and byte-exact message retrieval.
 */
package org.mailedge.sync;
