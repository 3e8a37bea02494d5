/** The {@code minitransport} command line (picocli): {@link org.minitransport.demo.Minitransport}. */
package org.minitransport.demo;
