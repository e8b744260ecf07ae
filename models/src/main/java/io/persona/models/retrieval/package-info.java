/**
 * The first stage of a recommendation: candidate sources (nearest item embeddings in an HNSW
 * vector index, co-visitation, trending, fresh items), their merge under per-source quotas, and the
 * rules excluding items a user already acted on. Also how a user's embedding is folded into the item
 * space online and how a new item gets one from its attributes.
 */
package io.persona.models.retrieval;
