#include "server.h"

#include <chrono>
#include <sstream>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "router.h"
#include "tls_context.h"

namespace kube_test {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using Stream = beast::ssl_stream<beast::tcp_stream>;
using namespace std::chrono_literals;

namespace {

constexpr size_t kMaxBody = 16u << 20;
constexpr auto kWatchPoll = 50ms;

Request to_request(const http::request<http::string_body>& message, const std::string& certificate_user) {
  Request request;
  request.method = std::string(message.method_string());
  const std::string target(message.target());
  const auto question = target.find('?');
  request.path = percent_decode(target.substr(0, question));
  if (question != std::string::npos) request.query = parse_query(target.substr(question + 1));
  const std::string type(message[http::field::content_type]);
  request.content_type = type.substr(0, type.find(';'));
  request.authorization = std::string(message[http::field::authorization]);
  request.client_certificate_user = certificate_user;
  request.user_agent = std::string(message[http::field::user_agent]);
  request.body = message.body();
  return request;
}

http::response<http::string_body> to_message(const Response& response, unsigned version, bool keep_alive) {
  http::response<http::string_body> message{static_cast<http::status>(response.status), version};
  message.set(http::field::content_type, response.content_type);
  for (const auto& [name, value] : response.headers) message.set(name, value);
  message.keep_alive(keep_alive);
  message.body() = response.body;
  message.prepare_payload();
  return message;
}

net::awaitable<void> sleep_for(std::chrono::milliseconds duration) {
  net::steady_timer timer(co_await net::this_coro::executor);
  timer.expires_after(duration);
  co_await timer.async_wait(net::use_awaitable);
}

// The headers and half the body, then the connection closes without TLS close_notify: what a
// client sees when a proxy or the server dies mid-response.
net::awaitable<void> send_truncated(Stream& stream, const http::response<http::string_body>& message) {
  std::ostringstream serialized;
  serialized << message;
  const std::string raw = serialized.str();
  const size_t body_start = raw.find("\r\n\r\n") + 4;
  const std::string partial = raw.substr(0, body_start + (raw.size() - body_start) / 2);
  co_await net::async_write(stream, net::buffer(partial), net::use_awaitable);
  beast::get_lowest_layer(stream).socket().close();
}

net::awaitable<void> stream_watch(Stream& stream, ServerState& state, Watch watch, unsigned version) {
  beast::get_lowest_layer(stream).expires_never();
  http::response<http::empty_body> header{http::status::ok, version};
  header.set(http::field::content_type, "application/json");
  header.chunked(true);
  http::response_serializer<http::empty_body> serializer{header};
  co_await http::async_write_header(stream, serializer, net::use_awaitable);
  while (std::chrono::steady_clock::now() < watch.deadline) {
    const std::string lines = next_events(state.store, watch);
    if (!lines.empty()) co_await net::async_write(stream, http::make_chunk(net::buffer(lines)), net::use_awaitable);
    co_await sleep_for(kWatchPoll);
  }
  co_await net::async_write(stream, http::make_chunk_last(), net::use_awaitable);
}

// One request on the connection; false when the connection is done.
net::awaitable<bool> serve_one(Stream& stream, beast::flat_buffer& buffer, ServerState& state, const std::string& user) {
  beast::get_lowest_layer(stream).expires_after(300s);  // idle keep-alive connections end
  http::request_parser<http::string_body> parser;
  parser.body_limit(kMaxBody);
  co_await http::async_read(stream, buffer, parser, net::use_awaitable);
  const auto message = parser.release();
  const Outcome outcome = handle(state, to_request(message, user));
  if (outcome.latency_ms > 0) co_await sleep_for(std::chrono::milliseconds(outcome.latency_ms));
  if (outcome.transport == Transport::drop) {
    beast::get_lowest_layer(stream).socket().close();
    co_return false;
  }
  if (outcome.watch) {
    co_await stream_watch(stream, state, *outcome.watch, message.version());
    co_return false;
  }
  const auto response = to_message(outcome.response, message.version(), message.keep_alive());
  if (outcome.transport == Transport::truncate) {
    co_await send_truncated(stream, response);
    co_return false;
  }
  co_await http::async_write(stream, response, net::use_awaitable);
  co_return message.keep_alive();
}

net::awaitable<void> session(net::ip::tcp::socket socket, net::ssl::context& tls, ServerState& state) {
  Stream stream(std::move(socket), tls);
  try {
    beast::get_lowest_layer(stream).expires_after(10s);
    co_await stream.async_handshake(net::ssl::stream_base::server, net::use_awaitable);
    state.log.connection_opened();
    const std::string user = verified_client_name(stream.native_handle());
    beast::flat_buffer buffer;
    while (co_await serve_one(stream, buffer, state, user)) {
    }
    if (beast::get_lowest_layer(stream).socket().is_open()) co_await stream.async_shutdown(net::use_awaitable);
  } catch (const std::exception&) {
    // The client went away, failed the handshake (a wrong CA or certificate), or timed out.
  }
}

constexpr auto kOutagePoll = 10ms;

// A refusing outage closes the listening socket, so connections are refused as by an API server
// that is restarting, and opens it again on the same address when the outage ends.
net::awaitable<void> refuse_during_outages(net::ip::tcp::acceptor& acceptor, ServerState& state) {
  const auto address = acceptor.local_endpoint();
  for (;;) {
    const auto outage = state.faults.outage();
    const bool refusing = outage && outage->mode == OutageMode::refuse;
    if (refusing && acceptor.is_open()) acceptor.close();
    if (!refusing && !acceptor.is_open()) {
      acceptor.open(address.protocol());
      acceptor.set_option(net::ip::tcp::acceptor::reuse_address(true));
      acceptor.bind(address);
      acceptor.listen();
    }
    co_await sleep_for(kOutagePoll);
  }
}

}  // namespace

net::awaitable<void> accept_connections(net::ip::tcp::acceptor& acceptor, net::ssl::context& tls, ServerState& state) {
  net::co_spawn(acceptor.get_executor(), refuse_during_outages(acceptor, state), net::detached);
  for (;;) {
    net::ip::tcp::socket socket(acceptor.get_executor());
    boost::system::error_code error;  // the acceptor was closed for an outage
    co_await acceptor.async_accept(socket, net::redirect_error(net::use_awaitable, error));
    if (error) {
      co_await sleep_for(kOutagePoll);  // accept again once it is open
      continue;
    }
    net::co_spawn(acceptor.get_executor(), session(std::move(socket), tls, state), net::detached);
  }
}

net::awaitable<void> run_controllers(Controllers& controllers, int tick_ms) {
  for (;;) {
    co_await sleep_for(std::chrono::milliseconds(tick_ms));
    controllers.tick();
  }
}

}  // namespace kube_test
