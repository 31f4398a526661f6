package org.mailedge.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The ceiling of the check benchmark: a POP3 server that does nothing but answer a check
 * session (greeting, USER, PASS, STAT, UIDL, LIST, QUIT) with canned lines, on Netty's NIO
 * transport like the edge. No authentication, no state, no logging: the rate a check session
 * can reach on this machine with this load generator, to say how close the edge comes to it.
 *
 * <p>{@code java -cp ... org.mailedge.bench.CeilingServer PORT [IO_THREADS]}
 */
public final class CeilingServer {

    private static final ByteBuf GREETING = canned("+OK ceiling POP3 ready.\r\n");
    private static final ByteBuf OK = canned("+OK\r\n");
    private static final ByteBuf STAT = canned("+OK 0 0\r\n");
    private static final ByteBuf EMPTY_LISTING = canned("+OK 0 messages\r\n.\r\n");
    private static final ByteBuf BYE = canned("+OK bye\r\n");
    private static final ByteBuf UNKNOWN = canned("-ERR unknown command\r\n");

    private CeilingServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2 * Runtime.getRuntime().availableProcessors();
        NioEventLoopGroup boss = new NioEventLoopGroup(1);
        NioEventLoopGroup workers = new NioEventLoopGroup(threads);
        ChannelHandler session = new Session();
        new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new LineBasedFrameDecoder(255), session);
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", port)).sync();
        System.err.println("ceiling: listening on 127.0.0.1:" + port + " with " + threads + " io threads");
        Thread.currentThread().join();
    }

    private static ByteBuf canned(String line) {
        return Unpooled.unreleasableBuffer(Unpooled.directBuffer().writeBytes(line.getBytes(StandardCharsets.US_ASCII)));
    }

    @ChannelHandler.Sharable
    private static final class Session extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(GREETING.duplicate());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
            int n = Math.min(4, line.readableBytes());
            String verb = line.toString(line.readerIndex(), n, StandardCharsets.US_ASCII).toUpperCase();
            switch (verb) {
                case "USER", "PASS", "NOOP" -> ctx.writeAndFlush(OK.duplicate());
                case "STAT" -> ctx.writeAndFlush(STAT.duplicate());
                case "UIDL", "LIST" -> ctx.writeAndFlush(EMPTY_LISTING.duplicate());
                case "QUIT" -> ctx.writeAndFlush(BYE.duplicate()).addListener(ChannelFutureListener.CLOSE);
                default -> ctx.writeAndFlush(UNKNOWN.duplicate());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
