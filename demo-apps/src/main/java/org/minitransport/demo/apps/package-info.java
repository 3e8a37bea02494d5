/**
 * The network apps of the command line: echo, chat, file transfer, HTTP, a UDP time service and
 * netstat, each runnable on the simulated network (both ends in this process) or on the UDP
 * network (ends in different processes).
 */
package org.minitransport.demo.apps;
