/** Shared command-line options and value converters (picocli). */
package org.minitransport.demo.cli;
