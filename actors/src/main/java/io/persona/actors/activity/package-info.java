/**
 * What every node hears about users' actions over the cluster-wide activity topic, and what it
 * keeps from it: node-local item signals (trending, co-visitation, impressions and clicks) and the
 * live WebSocket listeners by user.
 */
package io.persona.actors.activity;
