/* The interactive maps: pan, zoom, clusters computed by the server, region names as labels,
 * and a list that follows the map.
 *
 * Progressive: each [data-ess-map] frame holds a server-drawn SVG map, the map without
 * script. On a wide screen the interactive map replaces it at once; on a phone after a tap
 * on the frame's button (Leaflet is loaded only then: a phone that never asks for the map
 * never downloads it). Leaflet comes from our own static files; every request goes to our
 * own site unless the deployment configured base-map tiles (settings.MAP_TILE_URL).
 *
 * The frame's configuration is a JSON block (the id in data-ess-map):
 *   leaflet: {js, css}        Leaflet's static files
 *   shapes: URL               GeoJSON of the regions or a region's provinces (labels, links)
 *   clusters: URL             optional: the grid clusters of the map's view (?bbox=&zoom=)
 *   query: "a=1&b=2"          filters passed on to the clusters URL
 *   points: [{lat,lng,name,url,detail}]   optional: a few points drawn as they are
 *   list: element id          optional: where the list of what is in view goes
 *   colours: {code: colour}   optional: the shapes' fill (a choropleth)
 *   highlight: code           optional: the shape outlined and shown first
 *   tiles: {url, attribution} optional base map
 *   text: {...}               the translated words the map shows
 */
(function () {
  "use strict";

  var WIDE = "(min-width: 48em)";
  var leafletLoading = null;

  function loadLeaflet(files) {
    if (window.L) return Promise.resolve(window.L);
    if (leafletLoading) return leafletLoading;
    leafletLoading = new Promise(function (resolve, reject) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = files.css;
      document.head.appendChild(css);
      var script = document.createElement("script");
      script.src = files.js;
      script.onload = function () { resolve(window.L); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
    return leafletLoading;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function format(template, value) {
    return template.replace("%s", value);
  }

  function numberFormat(value) {
    try {
      return new Intl.NumberFormat(document.documentElement.lang || undefined).format(value);
    } catch (e) {
      return String(value);
    }
  }

  function link(url, text) {
    var a = element("a", null, text);
    a.href = url;
    return a;
  }

  function start(frame, config) {
    var text = config.text;
    var canvas = element("div", "ess-map__canvas");
    canvas.setAttribute("dir", "ltr");
    canvas.setAttribute("aria-label", config.title || "");
    canvas.setAttribute("role", "region");
    frame.insertBefore(canvas, frame.firstChild);
    frame.classList.add("is-loading");

    loadLeaflet(config.leaflet).then(function (L) {
      frame.classList.remove("is-loading");
      frame.classList.add("is-interactive");
      var map = L.map(canvas, {
        zoomControl: false, attributionControl: !!(config.tiles && config.tiles.url),
        minZoom: 4, maxZoom: config.tiles && config.tiles.url ? 18 : 15, zoomSnap: 1,
      });
      canvas.ess = map;
      L.control.zoom({zoomInTitle: text.zoomIn, zoomOutTitle: text.zoomOut,
                      position: "topleft"}).addTo(map);
      if (config.tiles && config.tiles.url) {
        L.tileLayer(config.tiles.url, {attribution: config.tiles.attribution || ""}).addTo(map);
      }
      map.setView([29.5, -8.5], 5);
      // Names under the clusters and points, above the shapes.
      map.createPane("essLabels").style.zIndex = 450;
      var labels = L.layerGroup().addTo(map);
      var clusters = L.layerGroup().addTo(map);

      if (config.shapes) {
        fetch(config.shapes, {headers: {Accept: "application/json"}})
          .then(function (r) { return r.json(); })
          .then(function (data) { drawShapes(L, map, data, labels, config); })
          .catch(function () { frame.classList.add("is-failed"); });
      }
      if (config.points && config.points.length) {
        drawPoints(L, map, config.points, clusters, config);
      }
      if (config.clusters) {
        var refresh = clusterLoader(L, map, clusters, config);
        map.on("moveend", refresh);
        map.whenReady(refresh);
      }
      frame.dispatchEvent(new CustomEvent("ess-map:ready", {bubbles: true}));
    }).catch(function () {
      frame.classList.remove("is-loading");
      frame.classList.add("is-failed");
      canvas.remove();
    });
  }

  function drawShapes(L, map, data, labels, config) {
    var layer = L.geoJSON(data, {
      style: function (feature) {
        var colour = (config.colours || {})[feature.properties.code];
        var chosen = config.highlight && feature.properties.code === config.highlight;
        return {color: chosen ? "#1a1a1a" : colour ? "#ffffff" : "#0f6e5a",
                weight: chosen ? 3.5 : 1.2,
                fillColor: colour || (chosen ? "#9fd3c0" : "#e3efe9"),
                fillOpacity: colour ? 0.9 : 0.55,
                className: "ess-map__shape ess-map__shape--" + feature.properties.code +
                  (chosen ? " ess-map__shape--highlight" : "")};
      },
      onEachFeature: function (feature, shape) {
        var p = feature.properties;
        shape.on("click", function () { map.fitBounds(shape.getBounds(), {padding: [12, 12]}); });
        shape.on("mouseover", function () { shape.setStyle({fillColor: "#bae4b3"}); });
        shape.on("mouseout", function () { layer.resetStyle(shape); });
        var label = element("span", "ess-map__label-text", p.name);
        label.setAttribute("dir", "auto");
        if (p.url) label.dataset.url = p.url;
        L.marker(p.label, {
          icon: L.divIcon({className: "ess-map__label", html: label, iconSize: null}),
          interactive: false, keyboard: false, pane: "essLabels",
        }).addTo(labels);
      },
    }).addTo(map);
    if (!config.keepView) {
      // The highlighted territory (a province on its needs page) in view, its region around.
      var focus = null;
      if (config.highlight) {
        layer.eachLayer(function (shape) {
          if (shape.feature.properties.code === config.highlight) focus = shape.getBounds().pad(0.3);
        });
      }
      map.fitBounds(config.bounds || focus || layer.getBounds(), {padding: [8, 8], animate: false});
    }
  }

  function pointMarker(L, point, text) {
    var dot = element("span", "ess-map__dot");
    var marker = L.marker([point.lat, point.lng], {
      icon: L.divIcon({className: "ess-map__point", html: dot, iconSize: [18, 18]}),
      title: point.name, alt: point.name, riseOnHover: true,
    });
    var body = element("div", "ess-map__popup");
    body.setAttribute("dir", "auto");
    if (point.url) body.appendChild(link(point.url, point.name));
    else body.appendChild(element("strong", null, point.name));
    if (point.detail) body.appendChild(element("p", null, point.detail));
    marker.bindPopup(body, {closeButton: true});
    return marker;
  }

  function drawPoints(L, map, points, layer, config) {
    points.forEach(function (point) { pointMarker(L, point, config.text).addTo(layer); });
  }

  function clusterLoader(L, map, layer, config) {
    var controller = null;
    var list = config.list ? document.getElementById(config.list) : null;

    function url(bounds, zoom) {
      var bbox = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
        .map(function (v) { return v.toFixed(3); }).join(",");
      var query = "bbox=" + bbox + "&zoom=" + zoom;
      return config.clusters + "?" + (config.query ? config.query + "&" : "") + query;
    }

    function openCluster(cluster) {
      var b = cluster.bounds;
      var bounds = L.latLngBounds([b[0], b[1]], [b[2], b[3]]);
      var same = b[0] === b[2] && b[1] === b[3];
      if (!same && map.getZoom() < map.getMaxZoom()) {
        // Always at least one level closer: a wide cluster whose bounds already fit the
        // view would otherwise leave the map where it was, as if the tap did nothing.
        var closer = Math.max(map.getBoundsZoom(bounds.pad(0.1)), map.getZoom() + 1);
        map.setView(bounds.getCenter(), Math.min(closer, map.getMaxZoom()));
        return;
      }
      // Every cooperative of the cluster at one place: list them in a popup.
      fetch(url(bounds.pad(0.001), map.getMaxZoom()), {headers: {Accept: "application/json"}})
        .then(function (r) { return r.json(); })
        .then(function (data) {
          var body = element("div", "ess-map__popup");
          body.setAttribute("dir", "auto");
          var items = element("ul");
          data.items.forEach(function (item) {
            var li = element("li");
            li.appendChild(link(item.url, item.name));
            items.appendChild(li);
          });
          body.appendChild(items);
          L.popup().setLatLng([cluster.lat, cluster.lng]).setContent(body).openOn(map);
        });
    }

    function draw(data) {
      layer.clearLayers();
      data.clusters.forEach(function (cluster) {
        if (cluster.count === 1) {
          pointMarker(L, cluster, config.text).addTo(layer);
          return;
        }
        var size = cluster.count < 10 ? "s" : cluster.count < 100 ? "m" : cluster.count < 1000 ? "l" : "xl";
        var icon = element("span", "ess-map__cluster-count", numberFormat(cluster.count));
        var label = format(config.text.cluster, numberFormat(cluster.count));
        var marker = L.marker([cluster.lat, cluster.lng], {
          icon: L.divIcon({className: "ess-map__cluster ess-map__cluster--" + size, html: icon,
                           iconSize: null}),
          title: label, alt: label, riseOnHover: true,
        });
        marker.on("click", function () { openCluster(cluster); });
        marker.on("keypress", function (e) {
          if (e.originalEvent.key === "Enter" || e.originalEvent.key === " ") openCluster(cluster);
        });
        marker.addTo(layer);
      });
      if (list) drawList(list, data, config.text);
      // The zoom whose clusters are drawn: the map is settled at this view.
      map.getContainer().dataset.zoom = String(data.zoom);
    }

    return function refresh() {
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      fetch(url(map.getBounds(), map.getZoom()), {
        headers: {Accept: "application/json"}, signal: controller ? controller.signal : undefined,
      })
        .then(function (r) { return r.json(); })
        .then(draw)
        .catch(function () { /* a newer view superseded this one */ });
    };
  }

  function drawList(list, data, text) {
    list.textContent = "";
    list.appendChild(element("p", "ess-map__list-count",
                             format(text.inView, numberFormat(data.total))));
    var ol = element("ol", "ess-map__items");
    data.items.forEach(function (item) {
      var li = element("li", "ess-map__item");
      if (item.photo) {
        var img = element("img");
        img.src = item.photo;
        img.alt = "";
        img.width = 56;
        img.height = 56;
        img.loading = "lazy";
        li.appendChild(img);
      }
      var body = element("div");
      body.appendChild(link(item.url, item.name));
      body.appendChild(element("span", "muted", item.sector + " · " + item.place));
      li.appendChild(body);
      ol.appendChild(li);
    });
    list.appendChild(ol);
    if (data.total > data.items.length) {
      list.appendChild(element("p", "muted", text.more));
    }
  }

  function setUp(frame) {
    // Each map's include brings the script: a page with two maps runs it twice.
    if (frame.dataset.essReady) return;
    frame.dataset.essReady = "1";
    var config;
    try {
      config = JSON.parse(document.getElementById(frame.dataset.essMap).textContent);
    } catch (e) {
      return;
    }
    var button = frame.querySelector(".ess-map__start");
    if (window.matchMedia && window.matchMedia(WIDE).matches) {
      start(frame, config);
    } else if (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        button.hidden = true;
        start(frame, config);
      });
    }
  }

  document.querySelectorAll("[data-ess-map]").forEach(setUp);
})();
