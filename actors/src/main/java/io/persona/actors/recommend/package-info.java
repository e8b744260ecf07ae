/**
 * Serving one user's list: the user's entity answers with the live profile, then this node
 * retrieves candidates, ranks them with the served model and fills the slate slot by slot
 * ({@link io.persona.actors.recommend.Recommender}); the request and the list as clients see them.
 */
package io.persona.actors.recommend;
