import { CloseCode } from 'graphql-ws';

/**
 * Every code a graphql-ws socket of this gateway is closed with, in one
 * enum: graphql-ws's own (4400 and up, same values) and the two WebSocket
 * codes the gateway adds. A socket is closed with `WsCloseCode.X`, never a
 * bare number.
 */
export enum WsCloseCode {
  /** The gateway is shutting down (RFC 6455 "going away"). */
  GoingAway = 1001,
  /** The credential could not be checked now (RFC 6455 "try again later"); it may well be fine. */
  TryAgainLater = 1013,
  BadRequest = CloseCode.BadRequest,
  InternalServerError = CloseCode.InternalServerError,
  Unauthorized = CloseCode.Unauthorized,
  Forbidden = CloseCode.Forbidden,
  SubprotocolNotAcceptable = CloseCode.SubprotocolNotAcceptable,
  ConnectionInitialisationTimeout = CloseCode.ConnectionInitialisationTimeout,
  ConnectionAcknowledgementTimeout = CloseCode.ConnectionAcknowledgementTimeout,
  SubscriberAlreadyExists = CloseCode.SubscriberAlreadyExists,
  TooManyInitialisationRequests = CloseCode.TooManyInitialisationRequests,
}
