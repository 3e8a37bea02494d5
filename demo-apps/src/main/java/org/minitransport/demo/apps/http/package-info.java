/**
 * A small HTTP/1.0 static file server and client (RFC 1945) over tcp-lite: request parsing with
 * a bounded head, safe resolution of request paths under a root directory, and a non-blocking
 * server session that streams files with flow control.
 */
package org.minitransport.demo.apps.http;
