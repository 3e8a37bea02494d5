/** JMH benchmarks of transport-core: networks, codecs and timers, each beside a plain baseline. */
package org.minitransport.benchmarks.core;
