// The transport: HTTPS on loopback with Boost.Beast, one coroutine per connection on a
// single thread (so the API state needs no locks), keep-alive, WATCH streams in chunked
// encoding, and the faults that act on the connection itself: latency, a connection
// dropped without an answer, a body cut in the middle, an outage (refused or hanging).
#pragma once
#include <utility>  // Boost 1.74's awaitable.hpp uses std::exchange without including it

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>

#include "api.h"

namespace kube_test {

boost::asio::awaitable<void> accept_connections(boost::asio::ip::tcp::acceptor& acceptor, boost::asio::ssl::context& tls,
                                                ServerState& state);

boost::asio::awaitable<void> run_controllers(Controllers& controllers, int tick_ms);

}  // namespace kube_test
