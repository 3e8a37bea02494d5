/**
 * The kit users build on. Today: the public scenario API for property tests ({@link
 * org.minitransport.tck.scenario}: TCP and UDP scenarios as data, run in virtual time, with their
 * invariants), QuickTheories generators of scenarios ({@link org.minitransport.tck.generators}),
 * and the property runner that scales, shards, shrinks and reports ({@link
 * org.minitransport.tck.property}).
 */
package org.minitransport.tck;
