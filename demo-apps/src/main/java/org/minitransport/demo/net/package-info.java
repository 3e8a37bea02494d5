/** The network and hosts a demo app runs on: shared options and runtime. */
package org.minitransport.demo.net;
