"""Drives an HTTP/2 connection frame by frame with the h2 package, for Http2PythonTest.

usage: h2_client.py PORT fetch PATH...   -> one line per response: "<stream> <status> <bytes>"
       h2_client.py PORT rapid-reset N   -> opens and resets N streams, then prints "GOAWAY <code>" or "NO GOAWAY"
       h2_client.py PORT hold C S A PATH -> C connections with a stream window of 0, S streams each asking for PATH;
                                            once A streams of each are answered prints "HELD <status>:<count>..."
                                            (the statuses of the answers, no DATA ever read) and keeps the
                                            connections open until stdin closes
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


def hold(port, connections, streams, answers, path):
    statuses, held = {}, []
    for _ in range(connections):
        sock = socket.create_connection(("127.0.0.1", port), timeout=20)
        conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
        conn.initiate_connection()
        conn.update_settings({h2.settings.SettingCodes.INITIAL_WINDOW_SIZE: 0})
        sock.sendall(conn.data_to_send())
        # the server's SETTINGS first: its MAX_CONCURRENT_STREAMS bounds how many we may open
        settled = False
        while not settled:
            for event in conn.receive_data(sock.recv(65536)):
                settled |= isinstance(event, h2.events.RemoteSettingsChanged)
        for i in range(streams):
            request(conn, 1 + 2 * i, path)
        sock.sendall(conn.data_to_send())
        answered = 0
        while answered < answers:
            data = sock.recv(65536)
            if not data:
                raise ConnectionError("the server closed a holding connection")
            for event in conn.receive_data(data):
                if isinstance(event, h2.events.ResponseReceived):
                    status = dict(event.headers)[b":status"].decode()
                    statuses[status] = statuses.get(status, 0) + 1
                    answered += 1
                elif isinstance(event, h2.events.StreamReset):
                    statuses["reset"] = statuses.get("reset", 0) + 1
                    answered += 1
            sock.sendall(conn.data_to_send())
        held.append(sock)
    print("HELD " + " ".join(f"{status}:{statuses[status]}" for status in sorted(statuses)), flush=True)
    sys.stdin.read()
    for sock in held:
        sock.close()


if __name__ == "__main__":
    port, command = int(sys.argv[1]), sys.argv[2]
    if command == "fetch":
        fetch(port, sys.argv[3:])
    elif command == "hold":
        hold(port, int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6])
    else:
        rapid_reset(port, int(sys.argv[3]))
