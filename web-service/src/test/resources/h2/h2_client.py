"""Drives an HTTP/2 connection frame by frame with the h2 package, for Http2PythonTest.

usage: h2_client.py PORT fetch PATH...   -> one line per response: "<stream> <status> <bytes>"
       h2_client.py PORT rapid-reset N   -> opens and resets N streams, then prints "GOAWAY <code>" or "NO GOAWAY"
"""
import socket
import sys

import h2.config
import h2.connection
import h2.events


def connect(port):
    sock = socket.create_connection(("127.0.0.1", port), timeout=20)
    conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
    conn.initiate_connection()
    # a small window, so that the server must wait for our WINDOW_UPDATEs
    conn.update_settings({h2.settings.SettingCodes.INITIAL_WINDOW_SIZE: 4096})
    sock.sendall(conn.data_to_send())
    return sock, conn


def request(conn, stream, path):
    conn.send_headers(stream, [(":method", "GET"), (":path", path), (":scheme", "http"),
                               (":authority", "localhost")], end_stream=True)


def fetch(port, paths):
    sock, conn = connect(port)
    statuses, sizes, open_streams = {}, {}, set()
    for i, path in enumerate(paths):
        stream = 1 + 2 * i
        request(conn, stream, path)
        open_streams.add(stream)
        sizes[stream] = 0
    sock.sendall(conn.data_to_send())
    while open_streams:
        data = sock.recv(65536)
        if not data:
            break
        for event in conn.receive_data(data):
            if isinstance(event, h2.events.ResponseReceived):
                statuses[event.stream_id] = dict(event.headers)[b":status"].decode()
            elif isinstance(event, h2.events.DataReceived):
                sizes[event.stream_id] += len(event.data)
                conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
            elif isinstance(event, h2.events.StreamEnded):
                open_streams.discard(event.stream_id)
        sock.sendall(conn.data_to_send())
    for stream in sorted(statuses):
        print(stream, statuses[stream], sizes[stream])
    conn.close_connection()
    sock.sendall(conn.data_to_send())
    sock.close()


def rapid_reset(port, count):
    sock, conn = connect(port)
    try:
        for i in range(count):
            stream = 1 + 2 * i
            request(conn, stream, "/index.html")
            conn.reset_stream(stream)
            if i % 100 == 99:
                sock.sendall(conn.data_to_send())
        sock.sendall(conn.data_to_send())
    except (BrokenPipeError, ConnectionResetError, h2.exceptions.ProtocolError):
        pass
    while True:
        try:
            data = sock.recv(65536)
        except (ConnectionResetError, socket.timeout):
            data = b""
        if not data:
            print("NO GOAWAY")
            return
        try:
            events = conn.receive_data(data)
        except h2.exceptions.ProtocolError:
            events = []
        for event in events:
            if isinstance(event, h2.events.ConnectionTerminated):
                print("GOAWAY", event.error_code.name if hasattr(event.error_code, "name") else event.error_code)
                return


if __name__ == "__main__":
    port, command = int(sys.argv[1]), sys.argv[2]
    if command == "fetch":
        fetch(port, sys.argv[3:])
    else:
        rapid_reset(port, int(sys.argv[3]))
