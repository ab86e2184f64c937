# Streams an endless byte sequence (i mod 251) to every client, after a first line naming the server.
import socket, sys, threading, time
name, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
chunk = bytes(i % 251 for i in range(251 * 16))

def serve(conn):
    try:
        conn.sendall((name + "\n").encode())
        while True:
            conn.sendall(chunk)
            time.sleep(0.005)
    except OSError:
        pass
    finally:
        conn.close()

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((host, port))
s.listen(16)
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
