/**
 * What every command shares: option mixins and value converters (picocli), progress meters,
 * numbers for people, and how a stop (Ctrl-C) is told from a failure.
 */
package org.minitransport.demo.cli;
