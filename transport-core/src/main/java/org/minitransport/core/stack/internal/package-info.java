/** Host internals: not API. */
package org.minitransport.core.stack.internal;
