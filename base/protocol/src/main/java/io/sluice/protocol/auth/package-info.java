/**
 * Delegation tokens in Pravega's format (JWT, HS512): signed by a controller for a client, checked
 * by a segment store on every wire request. Plain JDK code ({@code javax.crypto}), no server logic:
 * which permission a request needs is decided by the server.
 */
package io.sluice.protocol.auth;
