/**
 * Handing a subscriber's real address to the central server, so that its per-address login
 * penalty and limits apply per subscriber rather than to the edge as a whole: Dovecot's
 * {@code XCLIENT} command, or a HAProxy PROXY protocol header at connect.
 */
package org.mailedge.sync.origin;
