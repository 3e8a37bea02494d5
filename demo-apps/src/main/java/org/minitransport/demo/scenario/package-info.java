/** The {@code scenario} command: replay a property test's scenario file, merge shard reports. */
package org.minitransport.demo.scenario;
