package io.skyroute.reduction;

import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The work queue's producer when RabbitMQ does not take a job (found by the fault suite: the due datasets were
 * taken out of the changed set, the send failed, and the jobs were lost until the next start). Drives the real
 * spring-rabbitmq endpoint against a port where nothing listens.
 */
@CamelMainTest(properties = {"skyroute.triggers.reduce=false"})
class ReductionQueueRoutesTest {

    static final List<String> HANDED_BACK = new CopyOnWriteArrayList<>();

    @BeanInject
    CamelContext context;

    @Configure
    protected void configure(MainConfigurationProperties main) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        main.addRoutesBuilder(new ReductionQueueRoutes("skyroute.test", new ReductionQueueRoutes.Jobs(), 0, null, HANDED_BACK::add));
        CachingConnectionFactory away = new CachingConnectionFactory("127.0.0.1", closedPort);
        away.setConnectionTimeout(2_000);
        main.addConfiguration(new org.apache.camel.CamelConfiguration() {
            @Override
            public void configure(CamelContext camel) {
                camel.getRegistry().bind("rabbitConnectionFactory", away);
            }
        });
    }

    @Test
    void jobsRabbitMqDoesNotTakeAreHandedBackToBeQueuedAgain() {
        HANDED_BACK.clear();
        ProducerTemplate producer = context.createProducerTemplate();
        producer.sendBody(ReductionQueueRoutes.ENQUEUE, List.of("/red/PDS_110/kb82/rp", "/red/PDS_110/kb82/gp"));
        assertThat(HANDED_BACK).containsExactly("/red/PDS_110/kb82/rp", "/red/PDS_110/kb82/gp");
    }
}
