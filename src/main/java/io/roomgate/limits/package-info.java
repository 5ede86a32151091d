/**
 * Token buckets: frames and bytes per connection, room changes, handshakes and failed authentications per address.
 * Depends only on config.
 */
package io.roomgate.limits;
